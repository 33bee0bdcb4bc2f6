import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@gomart/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_POLICY, TOKEN_VERIFIER, type AuthPolicy } from './auth.tokens';
import { isAdmin, isStaff, type Identity } from './identity';
import type { TokenVerifier } from './token-verifier';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const identity = await this.authenticate(request.headers.authorization, http.getResponse<FastifyReply>());
    if (!allows(policy, identity)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `This operation needs the ${policy} role.`);
    }
    request.identity = identity;
    return true;
  }

  private async authenticate(header: string | undefined, reply: FastifyReply): Promise<Identity> {
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    try {
      if (!token) throw new Error('missing bearer token');
      return await this.verifier.verify(token);
    } catch {
      void reply.header('www-authenticate', 'Bearer');
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        token ? 'The bearer token is invalid or expired.' : 'A bearer token is required.',
      );
    }
  }
}

function allows(policy: AuthPolicy, identity: Identity): boolean {
  switch (policy) {
    case 'customer':
      return true;
    case 'staff':
      return isStaff(identity);
    case 'admin':
      return isAdmin(identity);
  }
}
