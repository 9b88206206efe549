import type { CSSProperties } from 'react';
import { DARK, KIND_LABELS, LIGHT, SHAPES } from './graph-style';
import type { NodeKind } from '@/lib/graph/types';

const SHOWN: NodeKind[] = [
  'pod',
  'serviceaccount',
  'user',
  'group',
  'rolebinding',
  'clusterrolebinding',
  'role',
  'clusterrole',
  'resource',
];

const SHAPE_CLASS: Record<string, string> = {
  ellipse: 'rounded-full',
  'round-rectangle': 'rounded-md',
  rectangle: 'rounded-none',
  hexagon: '[clip-path:polygon(25%_0,75%_0,100%_50%,75%_100%,25%_100%,0_50%)]',
  diamond: 'rotate-45 scale-75',
  tag: '[clip-path:polygon(0_0,80%_0,100%_50%,80%_100%,0_100%)]',
};

/** The canvas legend: one swatch per kind in its shape and colour, and the danger colour. */
export function GraphLegend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
      {SHOWN.map((kind) => (
        <li key={kind} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className={`inline-block h-3 w-3.5 border border-(--b) bg-(--f) dark:border-(--bd) dark:bg-(--fd) ${SHAPE_CLASS[SHAPES[kind]] ?? ''} ${kind === 'clusterrole' ? 'border-[3px] border-double' : ''}`}
            style={
              {
                '--f': LIGHT.kinds[kind].fill,
                '--b': LIGHT.kinds[kind].border,
                '--fd': DARK.kinds[kind].fill,
                '--bd': DARK.kinds[kind].border,
              } as CSSProperties
            }
          />
          {KIND_LABELS[kind]}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-0.5 w-4 bg-red-600" />
        <span className="text-red-700 dark:text-red-400">Dangerous grant</span>
      </li>
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden
          className="inline-block h-3 w-3 rounded-full border-[3px] border-double border-red-600 bg-slate-200 dark:bg-slate-700"
        />
        <span className="text-red-700 dark:text-red-400">Pod whose token leads to cluster-admin</span>
      </li>
    </ul>
  );
}
