// The one formatter of where the risk answers stand (engine.risks.status(), engine-risks.ts): the
// words every page says beside paths and findings, and the `risks` field every API answer made of
// them carries. Computing answers are empty, and must never read as "no findings" or "no path".
import type { RiskStatus } from '@/lib/rbac';

/** The `risks` field of an API answer (docs/api.md): state, and asOf/version/progress when not current. */
export function riskStatusJson(status: RiskStatus): RiskStatus {
  return status;
}

const percent = (fraction: number) => `${Math.floor(fraction * 100)}%`;

/** "14:02:11 UTC": when the answers served were made. */
export function riskTime(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** What the progress of the build under way says: how far it is, or that it waits for its turn. */
function progressText(progress: number): string {
  return progress > 0 ? `${percent(progress)} done` : 'waiting for its turn';
}

/** A heading and a sentence for a status that is not current; undefined when current. */
export function riskStatusText(status: RiskStatus): { title: string; text: string } | undefined {
  switch (status.state) {
    case 'current':
      return undefined;
    case 'computing':
      if (status.problem)
        return {
          title: 'Attack paths and findings could not be computed',
          text: `${status.problem.charAt(0).toUpperCase()}${status.problem.slice(1)}. None is shown here, which does not mean there is none.`,
        };
      return {
        title: `Computing attack paths and findings (${progressText(status.progress)})`,
        text: 'Until they are complete none is shown here, which does not mean there is none. Reload in a moment.',
      };
    case 'previous':
      return {
        title: `Attack paths and findings as of ${riskTime(status.asOf)}`,
        text: status.problem
          ? `The cluster has changed since, and the current ones could not be computed: ${status.problem}.`
          : `The cluster has changed since; they are being recomputed (${progressText(status.progress)}).`,
      };
  }
}

/** The same in one line, for text output and attributes. */
export function riskStatusLine(status: RiskStatus): string | undefined {
  const t = riskStatusText(status);
  return t && `${t.title}. ${t.text}`;
}
