/**
 * The text each record becomes before tokenization, exactly as the model was trained:
 * one `Label: value` line per field, joined with '\n'. A missing field (undefined, empty
 * string, empty list) drops its whole line, so absent data never shows up as an empty label.
 */
import type { Candidate, Job, TextRecord } from '../input/types.js';

export interface CandidateTextOptions {
  /** Drop the Name line: names measurably bias embedding-based screening. */
  blind?: boolean;
}

type Line = readonly [label: string, value: string | undefined];

/**
 * The candidate template: Name, Titles, Skills, Experience, Location, Resume.
 *
 * @example
 * candidateText({ id: '1', name: 'Ana Ruiz', titles: ['Nurse'], skills: [], resume: 'ICU RN.', source })
 * // 'Name: Ana Ruiz\nTitles: Nurse\nResume: ICU RN.'
 */
export function candidateText(candidate: Candidate, options: CandidateTextOptions = {}): string {
  return render([
    ['Name', options.blind === true ? undefined : candidate.name],
    ['Titles', joinList(candidate.titles)],
    ['Skills', joinList(candidate.skills)],
    ['Experience', years(candidate.experience)],
    ['Location', locationText(candidate)],
    ['Resume', candidate.resume],
  ]);
}

/** The job template: Title, Company, Location, Experience, Description. */
export function jobText(job: Job): string {
  return render([
    ['Title', job.title],
    ['Company', job.company],
    ['Location', locationText(job)],
    ['Experience', years(job.experience)],
    ['Description', job.description],
  ]);
}

/** A text record is embedded as is. */
export function textRecordText(record: TextRecord): string {
  return record.text;
}

/**
 * "city, state" when both are present, the one present when only one is, else the single
 * location field, else undefined.
 *
 * @example locationText({ city: 'Austin', state: 'TX' }) // 'Austin, TX'
 */
export function locationText(place: { city?: string; state?: string; location?: string }): string | undefined {
  const parts = [place.city, place.state].filter(present);
  if (parts.length > 0) return parts.join(', ');
  return present(place.location) ? place.location : undefined;
}

function render(lines: readonly Line[]): string {
  return lines
    .filter((line): line is readonly [string, string] => present(line[1]))
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

function joinList(items: readonly string[] | undefined): string | undefined {
  const kept = (items ?? []).filter(present);
  return kept.length === 0 ? undefined : kept.join(', ');
}

/** JS number printing (5 -> "5", 2.5 -> "2.5"), matching how the training data was rendered. */
function years(value: number | undefined): string | undefined {
  return value === undefined ? undefined : `${value} years`;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
