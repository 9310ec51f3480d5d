import { inspectMany } from './inspect-many.js';
const r = await inspectMany.run(); console.log(r.rows.map(x=>x.what+': '+x.cells.join(' ')), r.ratio.toFixed(2));
