import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  // Playwright fixtures call their continuation `use`, which is not React's hook.
  { files: ['e2e/**/*.ts'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  // Page links keep the view's kubeconfig context: they go through ContextLink, never next/link directly.
  {
    files: ['app/**/*.tsx', 'components/**/*.tsx'],
    ignores: ['components/layout/context-link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'next/link', message: 'use ContextLink (components/layout/context-link) to keep ?context=' }],
        },
      ],
    },
  },
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
];

export default config;
