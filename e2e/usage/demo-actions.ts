// What the demo's workloads and people do on the demo cluster (lib/k8s/demo/manifests) while its
// audit log is captured (scripts/demo-capture.mts): each service account uses part of what it is
// granted, a few requests are refused, and support-bot acts through impersonation. Creates are
// dry runs (?dryRun=All: authorized and audited, nothing stored), so the captured kinds stay as the
// manifests made them.
import { serviceAccountUsername } from '@/lib/rbac';
import type { StaticUser } from '@/scripts/control-plane/control-plane';
import { configMapBody, nonResource, resource, type Action } from './actions';

/** The demo's people, with the groups its bindings name (static tokens on the local control plane). */
export const DEMO_USERS: StaticUser[] = [
  { name: 'alice@example.com', groups: ['payments-devs'] },
  { name: 'bob@example.com' },
  { name: 'support-bot' },
  { name: 'auditor@example.com' },
  { name: 'dana@example.com', groups: ['developers'] },
];

/** The service accounts that act, as "namespace/name". */
export const DEMO_SERVICE_ACCOUNTS = [
  'payments/payments-api',
  'payments/payments-worker',
  'monitoring/prometheus',
  'monitoring/grafana',
  'checkout/checkout-web',
  'checkout/cart',
  'kube-system/coredns',
  'default/demo-sa',
  'platform/rbac-operator',
  'ci/deployer',
];

const saUser = (key: string) => {
  const [namespace = '', name = ''] = key.split('/');
  return serviceAccountUsername(namespace, name);
};
const dryRun = (a: Action): Action => ({ ...a, path: `${a.path}?dryRun=All` });

function serviceAccountActions(): Action[] {
  const as = (key: string) => [key, saUser(key)] as const;
  const [api, apiUser] = as('payments/payments-api');
  const [worker, workerUser] = as('payments/payments-worker');
  const [prom, promUser] = as('monitoring/prometheus');
  const [grafana, grafanaUser] = as('monitoring/grafana');
  const [web, webUser] = as('checkout/checkout-web');
  const [cart, cartUser] = as('checkout/cart');
  const [dns, dnsUser] = as('kube-system/coredns');
  const [demo, demoUser] = as('default/demo-sa');
  const [op, opUser] = as('platform/rbac-operator');
  const [ci, ciUser] = as('ci/deployer');
  return [
    resource(api, apiUser, 'get', { resource: 'secrets', namespace: 'payments', name: 'payments-db' }, 'allow'),
    resource(api, apiUser, 'get', { resource: 'configmaps', namespace: 'payments', name: 'payments-config' }, 'allow'),
    resource(
      worker,
      workerUser,
      'get',
      { resource: 'configmaps', namespace: 'payments', name: 'payments-config' },
      'allow',
    ),
    resource(worker, workerUser, 'get', { resource: 'secrets', namespace: 'payments', name: 'payments-db' }, 'forbid'),
    resource(prom, promUser, 'list', { resource: 'pods' }, 'allow'),
    resource(prom, promUser, 'watch', { resource: 'endpoints' }, 'allow'),
    resource(prom, promUser, 'list', { resource: 'nodes' }, 'allow'),
    nonResource(prom, promUser, '/metrics', 'allow'),
    resource(grafana, grafanaUser, 'list', { resource: 'pods', namespace: 'monitoring' }, 'allow'),
    resource(web, webUser, 'list', { resource: 'services', namespace: 'checkout' }, 'allow'),
    dryRun(resource(cart, cartUser, 'create', { resource: 'pods', namespace: 'checkout' }, 'forbid', {})),
    resource(dns, dnsUser, 'list', { resource: 'services' }, 'allow'),
    resource(dns, dnsUser, 'watch', { group: 'discovery.k8s.io', resource: 'endpointslices' }, 'allow'),
    resource(demo, demoUser, 'get', { resource: 'pods', namespace: 'default', name: 'demo-app' }, 'allow'),
    resource(demo, demoUser, 'list', { resource: 'configmaps', namespace: 'default' }, 'forbid'),
    resource(op, opUser, 'list', { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }, 'allow'),
    resource(ci, ciUser, 'list', { resource: 'secrets', namespace: 'kube-system' }, 'allow'),
    nonResource(ci, ciUser, '/version', 'allow'),
  ];
}

function peopleActions(): Action[] {
  const alice = 'alice@example.com';
  const bob = 'bob@example.com';
  const dana = 'dana@example.com';
  return [
    resource(alice, alice, 'list', { resource: 'pods', namespace: 'payments' }, 'allow'),
    resource(
      alice,
      alice,
      'get',
      { group: 'apps', resource: 'deployments', namespace: 'payments', name: 'payments-api' },
      'allow',
    ),
    dryRun(
      resource(
        alice,
        alice,
        'create',
        { resource: 'configmaps', namespace: 'payments' },
        'allow',
        configMapBody('flags'),
      ),
    ),
    resource(alice, alice, 'list', { resource: 'pods', namespace: 'checkout' }, 'forbid'),
    resource(bob, bob, 'get', { resource: 'pods', namespace: 'checkout', name: 'cart-0', subresource: 'log' }, 'allow'),
    resource(bob, bob, 'list', { resource: 'secrets', namespace: 'checkout' }, 'forbid'),
    resource(
      'auditor@example.com',
      'auditor@example.com',
      'list',
      { resource: 'pods', namespace: 'payments' },
      'forbid',
    ),
    dryRun(
      resource(
        dana,
        dana,
        'create',
        { resource: 'configmaps', namespace: 'dev-sandbox' },
        'allow',
        configMapBody('scratch'),
      ),
    ),
    resource(dana, dana, 'list', { resource: 'secrets', namespace: 'payments' }, 'forbid'),
    // support-bot acting as others: the log attributes these to the impersonated user.
    resource('support-bot as alice', alice, 'list', { resource: 'pods', namespace: 'payments' }, 'allow'),
    resource(
      'support-bot as deployer',
      saUser('ci/deployer'),
      'get',
      { resource: 'secrets', namespace: 'kube-system', name: 'bootstrap' },
      'allow',
    ),
  ];
}

/** One round of the demo's traffic; the capture runs a few rounds, seconds apart. */
export function demoActions(): Action[] {
  return [...serviceAccountActions(), ...peopleActions()];
}
