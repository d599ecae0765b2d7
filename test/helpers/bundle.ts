// What the tests that bundle a child process (esbuild) share: the child loads in under a second
// instead of two or three through tsx, so a campaign of kills spends its time on the work.
import type { Plugin } from 'esbuild';

/**
 * The report libraries (PDF and Excel: electron/reports) are loaded by the Terminal at start but
 * never used by a child that trades; they are half of what it would load. Replaced in the bundle by
 * a stand-in that fails if it is ever used, naming the bundle (`what`).
 */
export function withoutReportLibraries(what: string): Plugin {
  return {
    name: 'without-report-libraries',
    setup(b) {
      b.onResolve({ filter: /^(pdfkit|exceljs)$/ }, (a) => ({ path: a.path, namespace: 'unused' }));
      b.onLoad({ filter: /.*/, namespace: 'unused' }, (a) => ({
        loader: 'js',
        contents: `const fail = () => { throw new Error('${a.path} is not in the ${what} bundle'); };
          export default new Proxy(function () {}, { get: fail, apply: fail, construct: fail });`,
      }));
    },
  };
}
