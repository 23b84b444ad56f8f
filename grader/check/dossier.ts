// The folder `npm run check` tests: exercises/ unless TP_DOSSIER names another one.
import * as path from 'node:path';

export const CHECKED_FOLDER = path.resolve(process.env.TP_DOSSIER ?? 'exercises');
