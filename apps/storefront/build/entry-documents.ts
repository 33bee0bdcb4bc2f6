import type { Plugin } from 'vite';

/**
 * Renames emitted HTML documents: Vite names each after its source path (`admin/index.html`),
 * while the servers look for one file per front end at the build's top (`admin.html`). The
 * document's links are absolute (`base: '/'`), so they work from either place.
 */
export function entryDocuments(renames: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'gomart:entry-documents',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [from, to] of Object.entries(renames)) {
        const document = bundle[from];
        if (!document || document.type !== 'asset') continue;
        delete bundle[from];
        this.emitFile({ type: 'asset', fileName: to, source: document.source });
      }
    },
  };
}
