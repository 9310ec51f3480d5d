import { cryptoSeal } from './crypto-seal.js';
const r = await cryptoSeal.run(); console.log(r.method, r.rows);
