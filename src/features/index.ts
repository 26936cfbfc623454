import type { Router } from 'express';
import type { Services } from '../services.ts';
import { accountRoutes } from './accounts/routes.ts';

/** Every capability's router, in the order they are mounted. */
export function featureRouters(services: Services): Router[] {
  return [accountRoutes(services)];
}
