// classe.html: the class at a glance, one self-contained file (inline CSS and SVG, no script, no
// font or image from elsewhere), readable offline in any browser. A histogram of the grades, the
// mean of each part, the pass rate of each test — a test most students fail is a test or an
// énoncé to look at — and the copies not graded, with why.
import { formatPoints } from '../report';
import { automaticMax, type Bareme } from '../scoring';
import type { Provenance } from './feedback';
import type { StudentResult } from './gradebook';

/** Below this pass rate, a test is flagged for a second look. */
const LOOK_AT = 0.5;

export function classPage(results: StudentResult[], bareme: Bareme, provenance: Provenance, title = 'Classe'): string {
  const graded = results.filter((r) => r.score);
  const totals = graded.map((r) => r.total ?? r.computed).filter((t): t is number => t !== undefined);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const body = [
    `<h1>${esc(title)} — résultats du correcteur</h1>`,
    `<p class="meta">${results.length} copie${plural(results.length)}\u00a0: ${STATUS_ORDER.filter((s) => counts.has(s)).map((s) => statusCount(s, counts.get(s)!)).join(', ')}.</p>`,
    summary(totals, bareme),
    section('Répartition des notes', totals.length > 0 ? histogram(totals, bareme.total) : '<p>Aucune note.</p>'),
    section('Moyenne par partie', partMeans(graded, bareme)),
    section('Taux de réussite par test', testRates(graded, bareme)),
    section('Copies non notées', notGradedList(results)),
    `<footer>Corrigé par ${esc(provenance.grader)}, barème ${esc(provenance.bareme)}.</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — résultats</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const STATUS_ORDER = ['noté', 'ne compile pas', 'délai dépassé', 'non noté', 'absent'];

/** « 6 notées », « 1 ne compile pas », « 2 absentes ». */
function statusCount(status: string, n: number): string {
  const s = plural(n);
  const label = ({ noté: `notée${s}`, 'non noté': `non notée${s}`, absent: `absente${s}`, 'ne compile pas': n > 1 ? 'ne compilent pas' : 'ne compile pas', 'délai dépassé': `en délai dépassé` } as Record<string, string>)[status] ?? status;
  return `${n} ${esc(label)}`;
}

const CSS = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2330; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d8dce5; padding-bottom: .2rem; }
.meta, footer { color: #5b6475; }
footer { margin-top: 3rem; font-size: .85rem; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 1rem; }
.card { border: 1px solid #d8dce5; border-radius: 6px; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceef3; vertical-align: middle; }
th { font-weight: 600; color: #3a4254; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { background: #eceef3; border-radius: 3px; height: .8rem; width: 12rem; position: relative; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: #3b6fd1; border-radius: 3px; }
tr.look td { background: #fff4e0; }
tr.look .bar span { background: #d9822b; }
.tag { font-size: .8rem; color: #9a5a12; font-weight: 600; }
code { font-size: .85em; }
svg text { font-size: 11px; fill: #3a4254; }
`;

function summary(totals: number[], bareme: Bareme): string {
  if (totals.length === 0) return '';
  const sorted = [...totals].sort((a, b) => a - b);
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const card = (label: string, value: string) => `<div class="card">${esc(label)}<b>${esc(value)}</b></div>`;
  return `<div class="cards">${[
    card('Moyenne', `${formatPoints(round2(mean))}/${bareme.total}`),
    card('Médiane', `${formatPoints(round2(median))}/${bareme.total}`),
    card('Plus basse', `${formatPoints(sorted[0])}/${bareme.total}`),
    card('Plus haute', `${formatPoints(sorted[sorted.length - 1])}/${bareme.total}`),
  ].join('')}</div>`;
}

/** One bar per point: 0 holds [0, 1), 1 holds [1, 2) … and 20 holds 20 alone. */
function histogram(totals: number[], max: number): string {
  const bins = Array.from({ length: max + 1 }, () => 0);
  for (const t of totals) bins[Math.min(max, Math.floor(t))]++;
  const top = Math.max(...bins);
  const [w, h, pad, bottom] = [640, 200, 28, 22];
  const barW = (w - pad) / bins.length;
  const bars = bins
    .map((n, i) => {
      const bh = top === 0 ? 0 : Math.round(((h - bottom - 14) * n) / top);
      const x = pad + i * barW;
      const y = h - bottom - bh;
      return (
        `<rect x="${x + 2}" y="${y}" width="${barW - 4}" height="${bh}" fill="#3b6fd1"><title>${i === max ? `${i}` : `de ${i} à moins de ${i + 1}`}\u00a0: ${n} copie${plural(n)}</title></rect>` +
        (n > 0 ? `<text x="${x + barW / 2}" y="${y - 3}" text-anchor="middle">${n}</text>` : '') +
        `<text x="${x + barW / 2}" y="${h - 6}" text-anchor="middle">${i}</text>`
      );
    })
    .join('');
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="Histogramme des notes sur ${max}"><line x1="${pad}" y1="${h - bottom}" x2="${w}" y2="${h - bottom}" stroke="#9aa3b5"/>${bars}</svg><p class="meta">Nombre de copies par tranche d'un point (sur ${max})\u00a0: 4 compte les notes de 4 à moins de 5.</p>`;
}

function partMeans(graded: StudentResult[], bareme: Bareme): string {
  if (graded.length === 0) return '<p>Aucune copie notée.</p>';
  const rows = bareme.parties.map((p) => {
    const max = Object.values(p.tests).reduce((a, b) => a + b, 0);
    const mean = graded.reduce((a, r) => a + (r.score!.parts.find((sp) => sp.part === p.partie)?.points ?? 0), 0) / graded.length;
    return `<tr><td>${esc(p.titre)}</td><td class="num">${formatPoints(round2(mean))}/${formatPoints(max)}</td><td>${bar(max === 0 ? 0 : mean / max)}</td></tr>`;
  });
  const auto = automaticMax(bareme);
  const autoMean = graded.reduce((a, r) => a + r.score!.points, 0) / graded.length;
  rows.push(`<tr><th>Tests, en tout</th><td class="num">${formatPoints(round2(autoMean))}/${formatPoints(auto)}</td><td>${bar(autoMean / auto)}</td></tr>`);
  return `<table><tr><th>Partie</th><th class="num">Moyenne</th><th></th></tr>${rows.join('')}</table><p class="meta">Sur les ${graded.length} copie${plural(graded.length)} notée${plural(graded.length)}.</p>`;
}

function testRates(graded: StudentResult[], bareme: Bareme): string {
  if (graded.length === 0) return '<p>Aucune copie notée.</p>';
  const rows: string[] = [];
  for (const p of bareme.parties) {
    for (const id of Object.keys(p.tests)) {
      const tests = graded.map((r) => r.score!.parts.find((sp) => sp.part === p.partie)?.tests.find((t) => t.id === id));
      const passed = tests.filter((t) => t?.status === 'passed').length;
      const rate = passed / graded.length;
      const title = tests.find((t) => t)?.title ?? id;
      const look = rate < LOOK_AT;
      rows.push(
        `<tr${look ? ' class="look"' : ''}><td><code>${esc(id)}</code></td><td>${esc(title)}${look ? ' <span class="tag">à regarder</span>' : ''}</td><td class="num">${Math.round(rate * 100)}\u00a0% (${passed}/${graded.length})</td><td>${bar(rate)}</td></tr>`,
      );
    }
  }
  return `<p class="meta">Un test que la plupart des copies échouent est un test ou un énoncé à relire (signalé sous ${Math.round(LOOK_AT * 100)}\u00a0%).</p><table><tr><th>Test</th><th>Comportement</th><th class="num">Réussi</th><th></th></tr>${rows.join('')}</table>`;
}

function notGradedList(results: StudentResult[]): string {
  const left = results.filter((r) => r.status === 'absent' || r.status === 'non noté');
  if (left.length === 0) return '<p>Toutes les copies ont été notées.</p>';
  return `<table><tr><th>Identifiant</th><th>Nom</th><th>Pourquoi</th></tr>${left
    .map((r) => `<tr><td>${esc(r.student.id)}</td><td>${esc(r.student.name)}</td><td>${esc(r.status === 'absent' ? 'rien de remis' : (r.why ?? ''))}</td></tr>`)
    .join('')}</table>`;
}

function section(title: string, content: string): string {
  return `<section><h2>${esc(title)}</h2>\n${content}\n</section>`;
}

function bar(fraction: number): string {
  return `<div class="bar"><span style="width:${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%"></span></div>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function plural(n: number): string {
  return n > 1 ? 's' : '';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
