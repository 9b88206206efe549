// The RBAC authorizer's own attribution, `authorization.k8s.io/reason`, read back into refs. The
// server writes "RBAC: allowed by " + the describer of the binding it visited first
// (plugin/pkg/auth/authorizer/rbac/rbac.go, authorizingVisitor.visit), and the describers are
// pkg/registry/rbac/validation/rule.go's:
//   ClusterRoleBinding %q of %s %q to <subject>      (clusterRoleBindingDescriber, subject namespace "")
//   RoleBinding %q of %s %q to <subject>             (roleBindingDescriber, name "name/namespace")
//   <subject> = ServiceAccount %q ("name/namespace", the binding's namespace when the subject has none)
//             | <Kind> %q                            (describeSubject)
// %q is Go's quoting: `"` and `\` escaped, non-printable runes as \x, \u, \U escapes.
import type { BindingRef, RoleRef } from '../model/refs';
import type { Subject } from '../model/types';

/** What a reason annotation says. */
export type ParsedReason =
  /** "RBAC: allowed by …": the binding, role and subject the authorizer visited first. */
  | { kind: 'rbac'; binding: BindingRef; role: RoleRef; subject: Subject }
  /** "": the authorizer that decided said nothing (system:masters, Node, or a deny with no error). */
  | { kind: 'none' }
  /** Anything else: another authorizer's words, or RBAC's errors on a deny ("RBAC: …"). */
  | { kind: 'other'; text: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** One Go-quoted string at `at` (its opening quote): the value and where it ends, or undefined. */
export function readGoQuoted(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined;
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = text[++i];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      continue;
    }
    const length = HEX_LENGTH[e];
    const hex = length === undefined ? '' : text.slice(i + 1, i + 1 + length);
    if (length === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return undefined;
    // \x is a byte: Go writes it only for bytes that are not valid UTF-8, which no name holds.
    value += String.fromCodePoint(parseInt(hex, 16));
    i += length;
  }
  return undefined;
}

/** A cursor over the reason text: literal words and quoted values in turn. */
class Reader {
  constructor(
    private readonly text: string,
    public at = 0,
  ) {}
  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }
  quoted(): string | undefined {
    const q = readGoQuoted(this.text, this.at);
    if (!q) return undefined;
    this.at = q.end;
    return q.value;
  }
  /** A bare word up to the next space (a role kind or subject kind, written unquoted). */
  word(): string {
    const end = this.text.indexOf(' ', this.at);
    const stop = end < 0 ? this.text.length : end;
    const w = this.text.slice(this.at, stop);
    this.at = stop;
    return w;
  }
  get done() {
    return this.at === this.text.length;
  }
}

const RBAC_ALLOWED = 'RBAC: allowed by ';

/** "name/namespace": names and namespaces never hold `/`, so the first one splits them. */
function splitSlash(text: string): [string, string] | undefined {
  const slash = text.indexOf('/');
  return slash < 0 ? undefined : [text.slice(0, slash), text.slice(slash + 1)];
}

/** describeSubject: `ServiceAccount "name/ns"` or `<Kind> "name"`. */
function readSubject(r: Reader): Subject | undefined {
  const kind = r.word();
  if (!r.literal(' ')) return undefined;
  const name = r.quoted();
  if (name === undefined || kind === '') return undefined;
  if (kind !== 'ServiceAccount') return { kind, name };
  const parts = splitSlash(name);
  if (!parts) return undefined;
  // A ClusterRoleBinding's subject without a namespace is written "name/" (bindingNamespace "").
  return parts[1] === '' ? { kind, name: parts[0] } : { kind, name: parts[0], namespace: parts[1] };
}

/** The describer after "RBAC: allowed by ", or undefined when it is not one. */
function readDescriber(r: Reader): Extract<ParsedReason, { kind: 'rbac' }> | undefined {
  const bindingKind = r.literal('ClusterRoleBinding ')
    ? 'ClusterRoleBinding'
    : r.literal('RoleBinding ')
      ? 'RoleBinding'
      : undefined;
  const bindingName = bindingKind && r.quoted();
  if (bindingName === undefined || !r.literal(' of ')) return undefined;
  const roleKind = r.word();
  if (!r.literal(' ')) return undefined;
  const roleName = r.quoted();
  if (roleName === undefined || !r.literal(' to ')) return undefined;
  const subject = readSubject(r);
  if (!subject || !r.done || (roleKind !== 'Role' && roleKind !== 'ClusterRole')) return undefined;
  if (bindingKind === 'ClusterRoleBinding') {
    if (roleKind !== 'ClusterRole') return undefined;
    return {
      kind: 'rbac',
      binding: { kind: bindingKind, name: bindingName },
      role: { kind: roleKind, name: roleName },
      subject,
    };
  }
  const parts = splitSlash(bindingName);
  if (!parts) return undefined;
  const [name, namespace] = parts;
  // A RoleBinding's Role lives in the binding's namespace (rule.go GetRoleReferenceRules).
  const role: RoleRef =
    roleKind === 'Role' ? { kind: 'Role', name: roleName, namespace } : { kind: 'ClusterRole', name: roleName };
  return { kind: 'rbac', binding: { kind: 'RoleBinding', name, namespace }, role, subject };
}

/** Reasons read, by text: a log names the same few bindings again and again (bounded, then started afresh). */
const parsed = new Map<string, ParsedReason>();
const PARSED_KEPT = 10_000;

/** What an `authorization.k8s.io/reason` says (the same object for the same text: treat it as read-only). */
export function parseReason(reason: string): ParsedReason {
  let p = parsed.get(reason);
  if (p) return p;
  if (reason === '') p = { kind: 'none' };
  else if (!reason.startsWith(RBAC_ALLOWED)) p = { kind: 'other', text: reason };
  else p = readDescriber(new Reader(reason, RBAC_ALLOWED.length)) ?? { kind: 'other', text: reason };
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(reason, p);
  return p;
}
