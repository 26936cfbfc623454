/**
 * Reads the procedure profiles shipped with Harbour (the JSON files beside this module) and
 * validates them. Throws an Error naming the file, the path inside it and the problem.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_IDS, isProfileId } from '../domain/profiles/ids.ts';
import type { ProfileId } from '../domain/profiles/ids.ts';
import { parseProfile } from '../domain/profiles/parse.ts';
import type { Profile } from '../domain/profiles/schema.ts';

export const PROFILES_DIRECTORY: string = import.meta.dirname;

export type LoadOptions = {
  /** Read the JSON files from another directory (tests, or an administrator's override). */
  directory?: string;
};

export class ProfileLoadError extends Error {
  readonly file: string;
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`Invalid procedure profile ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProfileLoadError';
    this.file = file;
    this.problems = problems;
  }
}

export function profileFileName(id: ProfileId): string {
  return `${id}.json`;
}

export function loadProfile(id: string, options: LoadOptions = {}): Profile {
  if (!isProfileId(id)) {
    throw new Error(`Unknown procedure profile ${JSON.stringify(id)}; valid ids are: ${PROFILE_IDS.join(', ')}`);
  }
  const fileName = profileFileName(id);
  const file = join(options.directory ?? PROFILES_DIRECTORY, fileName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProfileLoadError(file, [`${fileName}: (root): cannot read file: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProfileLoadError(file, [`${fileName}: (root): invalid JSON: ${(error as Error).message}`]);
  }
  const result = parseProfile(data, fileName);
  if (!result.ok) throw new ProfileLoadError(file, result.errors);
  return result.profile;
}

/** Every shipped profile, in PROFILE_IDS order. Throws on the first invalid one. */
export function loadAllProfiles(options: LoadOptions = {}): Profile[] {
  return PROFILE_IDS.map((id) => loadProfile(id, options));
}
