// The source's problem as the proxy answers it, before any page: from the one module that reaches
// the source, without the request state (lib/web/current.ts) the proxy has no use for.
export { sourceProblem } from '@/lib/k8s/current-source';
