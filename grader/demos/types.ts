import type { Narrator } from './narrator';
import type { Stage } from './sockets';

/** A short scripted scene on loopback, narrated in French: `npm run demo -- NAME`. */
export interface Demo {
  /** Its name on the command line, as answers.md cites it. */
  name: string;
  /** One French sentence for the list. */
  summary: string;
  run(say: Narrator, stage: Stage): Promise<void>;
}
