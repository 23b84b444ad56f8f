// retours.zip: each student's feedback file in the folder Moodle named them in the download
// (`Nom Prénom_12345_assignsubmission_file/retour.md`). Moodle's « Téléverser plusieurs fichiers
// de feedback dans un zip » matches a file on the 12345 of its folder's name
// (assignfeedback_file/importziplib.php), so the same layout goes back in. Written with yazl; a
// fixed date on every entry keeps the same feedback giving the same bytes.
import yazl from 'yazl';

const FIXED_DATE = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));

export function feedbackZip(files: Array<{ folder: string; name: string; content: string }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of [...files].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0))) {
    zip.addBuffer(Buffer.from(f.content, 'utf8'), `${f.folder}/${f.name}`, { mtime: FIXED_DATE, mode: 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
