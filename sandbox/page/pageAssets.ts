import { join } from 'node:path';

/**
 * Files the root page serves. The page's own files stay in the source tree (sandbox/page), found from the project
 * root because compiled code runs from build/; browser bundles come from node_modules.
 */
export interface PageAsset {
  readonly file: string;
  readonly contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

/** URL path -> file. */
export function pageAssets(projectRoot: string): ReadonlyMap<string, PageAsset> {
  const own = (name: string, contentType: string): PageAsset => ({ file: join(projectRoot, 'sandbox', 'page', name), contentType });
  return new Map([
    ['/', own('index.html', 'text/html; charset=utf-8')],
    ['/_sandbox/page/page.js', own('page.js', JS)],
    ['/_sandbox/page/page.css', own('page.css', 'text/css; charset=utf-8')],
    ['/_sandbox/page/adaptivecards.min.js', { file: require.resolve('adaptivecards/dist/adaptivecards.min.js'), contentType: JS }],
    // The UMD bundle defines window.markdownit; markdown-it's package exports it as "markdown-it/browser".
    ['/_sandbox/page/markdown-it.min.js', { file: require.resolve('markdown-it/browser'), contentType: JS }],
  ]);
}
