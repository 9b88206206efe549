// Types of lint/layers.mjs for the layer test (ESLint loads the plain module).
export interface Layer {
  folder: string;
  ours: string[];
  packages: string[] | undefined;
  why: string;
}
export const LAYERS: Layer[];
export const CLIENT: { ours: string[]; packages: string[] };
export function importedPath(root: string, filename: string, source: string): string | undefined;
export const layersRule: unknown;
