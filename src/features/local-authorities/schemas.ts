// The forms that add a local authority and change the procedure it follows.
import { z } from 'zod';
import { PROFILE_IDS } from '../../domain/profiles/ids.ts';

const profileId = z.enum(PROFILE_IDS, { message: 'Choose the procedure this authority follows' });

export const addAuthoritySchema = z.object({
  id: z.string().trim().toLowerCase().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Short name must be lower-case letters, numbers and single hyphens, like north-somerset').max(60, 'Short name must be 60 characters or fewer'),
  name: z.string().trim().min(1, 'Enter the authority’s name').max(200, 'Name must be 200 characters or fewer'),
  profileId,
});

export const changeProfileSchema = z.object({ profileId });
