import { SetMetadata } from '@nestjs/common';
import type { Scope } from './scopes.js';

export const REQUIRED_SCOPE = 'gateway:required-scope';

/** The scope a route needs beyond a valid token; a token without it gets 403. */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);
