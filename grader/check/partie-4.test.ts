// Tests publics de la partie IV : les comportements que la correction note, avec d'autres données.
import { PUBLIC_SEED } from '../harness/data';
import { registerPart } from '../jest/register';
import { CHECKED_FOLDER } from './dossier';

registerPart(4, CHECKED_FOLDER, PUBLIC_SEED);
