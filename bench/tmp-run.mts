import { inspectMany } from './inspect-many.js';
for (const b of [inspectMany]) { const r = await b.run(); console.log(r.title, r.rows.map(x=>x.what+': '+x.cells.join(' ')), r.ratio.toFixed(2), r.met, r.method); }
