// Under tsx (npm start, tests) a worker thread does not inherit tsx's loader, and `--import tsx` in a worker's
// execArgv does not reach its entry module on Node 20: this plain-JS entry registers tsx, then loads the TS worker.
// dist/ (npm run build) uses the compiled chart-render-worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./chart-render-worker.ts');
export default worker.default;
