import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '@gomart/openapi';
import type { FastifyRequest } from 'fastify';
import { AuthGuard } from './auth.guard';
import { AUTH_POLICY, type AuthPolicy } from './auth.tokens';
import type { Identity } from './identity';


/** The route needs a valid bearer token and, for staff/admin, membership of that group. */
export function Authenticated(policy: AuthPolicy = 'customer') {
  const decorators = [
    SetMetadata(AUTH_POLICY, policy),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiErrors({
      UNAUTHENTICATED: 'no valid bearer token (also `www-authenticate: Bearer`)',
      ...(policy === 'customer' ? {} : { FORBIDDEN: `the caller is not ${policy}` }),
    }),
  ];
  return applyDecorators(...decorators);
}

/** The verified caller of an `@Authenticated()` route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Identity => {
  const identity = context.switchToHttp().getRequest<FastifyRequest>().identity;
  if (!identity) throw new Error('@CurrentUser() used on a route without @Authenticated()');
  return identity;
});
