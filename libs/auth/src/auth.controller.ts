import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { DomainError, ErrorCode } from '@gomart/contracts';
import { ApiErrors } from '@gomart/openapi';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Group } from './identity';
import { loadLocalIssuer } from './local-issuer';

const ROLES = ['customer', 'staff', 'admin'] as const;
type Role = (typeof ROLES)[number];
const SESSION_SECONDS = 12 * 3600;

class LocalSignInBody {
  @ApiProperty({ description: 'Who you are in this development shop (e.g. `Alice`): 1 to 40 letters, digits, spaces, - or _.' })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, { message: 'name must be 1 to 40 letters, digits, spaces, - or _' })
  name!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'customer' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

class AuthConfigDto {
  @ApiProperty({ enum: ['local', 'cognito'] }) mode!: string;
  @ApiPropertyOptional() authorizeUrl?: string;
  @ApiPropertyOptional() tokenUrl?: string;
  @ApiPropertyOptional() logoutUrl?: string;
  @ApiPropertyOptional() clientId?: string;
  @ApiPropertyOptional() redirectPath?: string;
  @ApiPropertyOptional({ type: [String] }) scopes?: string[];
}

class LocalSessionDto {
  @ApiProperty({ description: 'A bearer token.' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() sub!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) groups!: string[];
}

export type AuthConfigView =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'cognito';
      readonly authorizeUrl: string;
      readonly tokenUrl: string;
      readonly logoutUrl: string;
      readonly clientId: string;
      readonly redirectPath: string;
      readonly scopes: readonly string[];
    };

/** Where the storefront sends shoppers back after the hosted sign-in (a page, not an API path). */
export const SIGN_IN_CALLBACK_PATH = '/signin/callback';

/**
 * How the storefront signs people in: the Cognito hosted UI with authorization code + PKCE in
 * AWS, or — only with AUTH_MODE=local and never in production — a development sign-in that
 * issues a token from the local issuer for whoever you say you are.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  @ApiOperation({ operationId: 'getAuthConfig', summary: 'How to sign in', description: 'Local development sign-in, or the Cognito hosted UI endpoints for authorization code + PKCE.' })
  @ApiOkResponse({ description: '`{ mode: "local" }`, or the Cognito hosted UI endpoints for authorization code + PKCE.', type: AuthConfigDto })
  authConfig(): AuthConfigView {
    const { auth } = this.config;
    if (auth.mode === 'local') return { mode: 'local' };
    const domain = auth.domain ?? '';
    return {
      mode: 'cognito',
      authorizeUrl: `${domain}/oauth2/authorize`,
      tokenUrl: `${domain}/oauth2/token`,
      logoutUrl: `${domain}/logout`,
      clientId: auth.clientId,
      redirectPath: SIGN_IN_CALLBACK_PATH,
      scopes: ['openid', 'email', 'profile'],
    };
  }

  @Post('local/sign-in')
  @HttpCode(200)
  @ApiOperation({ operationId: 'signInLocally', summary: 'Development sign-in', description: 'A token from the local issuer for whoever you say you are: development shops only (AUTH_MODE=local, never in production).' })
  @ApiOkResponse({ description: 'A development token (AUTH_MODE=local only).', type: LocalSessionDto })
  @ApiErrors({ ROUTE_NOT_FOUND: 'not a development shop (AUTH_MODE=cognito, or NODE_ENV=production)' })
  async signIn(@Body() body: LocalSignInBody) {
    const { auth, env } = this.config;
    if (auth.mode !== 'local' || env === 'production') {
      throw new DomainError(ErrorCode.ROUTE_NOT_FOUND, 'Route POST /auth/local/sign-in not found');
    }
    const name = body.name.trim();
    const sub = name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-');
    const role = body.role ?? 'customer';
    const groups = role === 'admin' ? [Group.admin] : role === 'staff' ? [Group.staff] : [];
    const issuer = await loadLocalIssuer(auth.keyDir);
    const token = issuer.sign({ sub, groups, ttlSeconds: SESSION_SECONDS, name, email: `${sub}@customers.gomart.example` });
    return { token, expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000).toISOString(), sub, name, groups };
  }
}
