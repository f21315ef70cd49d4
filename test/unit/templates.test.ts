import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate, Job } from '../../src/input/types.js';
import { readCandidates, readJobs } from '../../src/input/read-records.js';
import { candidateText, jobText, locationText, textRecordText } from '../../src/template/templates.js';
import { fixture } from '../support/input-helpers.js';

const source = { file: 'c.csv', line: 2 };

const full: Candidate = {
  id: 'c1',
  name: 'Amara Okafor',
  titles: ['Senior Software Engineer', 'Backend Engineer'],
  skills: ['Python', 'Go', 'PostgreSQL'],
  experience: 8,
  city: 'Austin',
  state: 'TX',
  location: 'ignored when city/state exist',
  resume: 'Backend engineer.\n\nBuilt APIs, pipelines.',
  source,
};

test('candidate template, full record (golden)', () => {
  assert.equal(
    candidateText(full),
    'Name: Amara Okafor\n' +
      'Titles: Senior Software Engineer, Backend Engineer\n' +
      'Skills: Python, Go, PostgreSQL\n' +
      'Experience: 8 years\n' +
      'Location: Austin, TX\n' +
      'Resume: Backend engineer.\n\nBuilt APIs, pipelines.',
  );
});

test('blind mode drops only the Name line', () => {
  assert.equal(
    candidateText(full, { blind: true }),
    'Titles: Senior Software Engineer, Backend Engineer\n' +
      'Skills: Python, Go, PostgreSQL\n' +
      'Experience: 8 years\n' +
      'Location: Austin, TX\n' +
      'Resume: Backend engineer.\n\nBuilt APIs, pipelines.',
  );
  assert.equal(candidateText(full, { blind: false }), candidateText(full));
});

test('missing fields drop their whole line; experience prints as JS prints numbers', () => {
  const partial: Candidate = { id: '2', name: '', titles: [], skills: ['Welding'], experience: 2.5, state: 'OH', resume: 'Welder.', source };
  assert.equal(partial.name, '');
  assert.equal(candidateText(partial), 'Skills: Welding\nExperience: 2.5 years\nLocation: OH\nResume: Welder.');
  const zero: Candidate = { id: '3', titles: ['Intern'], skills: [], experience: 0, location: 'Remote', resume: '', source };
  assert.equal(candidateText(zero), 'Titles: Intern\nExperience: 0 years\nLocation: Remote');
  assert.equal(candidateText({ id: '4', titles: [], skills: [], resume: '', source }), '');
});

test('job template, full and partial (golden)', () => {
  const job: Job = {
    id: 'j1',
    title: 'Sous Chef',
    company: 'The Copper Kettle',
    city: 'Seattle',
    state: 'WA',
    experience: 3,
    description: 'Run the line.\nWrite menus.',
    source,
  };
  assert.equal(
    jobText(job),
    'Title: Sous Chef\nCompany: The Copper Kettle\nLocation: Seattle, WA\nExperience: 3 years\nDescription: Run the line.\nWrite menus.',
  );
  const partial: Job = { id: 'j2', title: 'Driver', location: 'Remote (US)', description: 'Drive.', source };
  assert.equal(jobText(partial), 'Title: Driver\nLocation: Remote (US)\nDescription: Drive.');
});

test('location rule: both, one, the single field, none', () => {
  assert.equal(locationText({ city: 'Austin', state: 'TX', location: 'x' }), 'Austin, TX');
  assert.equal(locationText({ city: 'Miami', location: 'x' }), 'Miami');
  assert.equal(locationText({ state: 'OH' }), 'OH');
  assert.equal(locationText({ city: '', state: '', location: 'Dearborn, Michigan' }), 'Dearborn, Michigan');
  assert.equal(locationText({}), undefined);
});

test('text records are embedded as is', () => {
  assert.equal(textRecordText({ id: 't', text: '  raw\ntext ', source }), '  raw\ntext ');
});

test('templates over fixture records: location-only and partial candidates, job without experience', async () => {
  const candidates = await readCandidates(fixture('candidates.csv'));
  const hr = candidateText(candidates[8] ?? assert.fail('c009'), { blind: true });
  assert.equal(
    hr.split('\n').slice(0, 4).join('\n'),
    'Titles: HR Generalist, Human Resources Coordinator\n' +
      'Skills: Recruiting, Onboarding, Employee relations, Workday, FMLA\n' +
      'Experience: 4 years\n' +
      'Location: Dearborn, Michigan',
  );
  const paralegal = candidateText(candidates[11] ?? assert.fail('c012'));
  assert.deepEqual(paralegal.split('\n').slice(0, 5).map((l) => l.split(':')[0]), ['Name', 'Titles', 'Skills', 'Location', 'Resume']);
  const jobs = await readJobs(fixture('jobs.csv'));
  assert.deepEqual((jobText(jobs[5] ?? assert.fail('j006'))).split('\n').slice(0, 4), [
    'Title: Sous Chef',
    'Company: The Copper Kettle',
    'Location: Seattle, WA',
    'Description: The Copper Kettle, a 120-seat Pacific Northwest restaurant, needs a sous chef to run the line and lead the kitchen when the chef is out.',
  ]);
});
