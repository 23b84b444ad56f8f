// The demonstrations, in the order of the TP's questions; answers.md cites them by name.
import { decoupage } from './decoupage';
import { duplex } from './duplex';
import { etats } from './etats';
import { fileAttente } from './file-attente';
import { finOuRst } from './fin-ou-rst';
import { plusieursClients } from './plusieurs-clients';
import { plusieursReponses } from './plusieurs-reponses';
import { refus } from './refus';
import type { Demo } from './types';

export type { Demo } from './types';

export const DEMOS: readonly Demo[] = [refus, fileAttente, decoupage, plusieursReponses, finOuRst, plusieursClients, duplex, etats];

export function findDemo(name: string): Demo | undefined {
  return DEMOS.find((d) => d.name === name);
}
