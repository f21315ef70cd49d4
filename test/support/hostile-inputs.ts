/**
 * Inputs whose every text field tries to inject markup or script into an HTML report. Each
 * payload, if it ran, would set `window.__pwned`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const PAYLOADS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">', '</script><script>window.__pwned = 3</script>', '<svg onload="window.__pwned = 4">'];

/** Writes candidates.csv, jobs.csv and skills.csv into `dir`; returns their paths. */
export function writeHostileInputs(dir: string): { candidates: string; jobs: string; skills: string } {
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const candidates = path.join(dir, 'candidates.csv');
  writeFileSync(
    candidates,
    [
      'id,name,skills,resume',
      [q(`c${PAYLOADS[1]}`), q(PAYLOADS[0]!), q(`Python;${PAYLOADS[3]}`), q(`I write Python ${PAYLOADS[0]} every day and SQL ${PAYLOADS[2]} too.`)].join(','),
      ['plain', 'Ann Lee', 'SQL', q('SQL reports and Python scripts.')].join(','),
    ].join('\n') + '\n',
  );
  const jobs = path.join(dir, 'jobs.csv');
  writeFileSync(jobs, ['id,title,description', [q(`j${PAYLOADS[3]}`), q(`${PAYLOADS[0]} Engineer`), q(`Python and SQL. ${PAYLOADS[1]}`)].join(',')].join('\n') + '\n');
  const skills = path.join(dir, 'skills.csv');
  writeFileSync(skills, ['id,name,aliases', 'py,Python,', 'sql,SQL,', [q(`x${PAYLOADS[1]}`), q(`Kubernetes ${PAYLOADS[0]}`), ''].join(',')].join('\n') + '\n');
  return { candidates, jobs, skills };
}
