import { ConfigurableModuleBuilder, Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { TOKEN_VERIFIER } from './auth.tokens';
import { createTokenVerifier, type AuthOptions } from './token-verifier';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: AUTH_OPTIONS } = new ConfigurableModuleBuilder<AuthOptions>()
  .setClassMethodName('forRoot')
  .build();

/** Bearer-token authentication for `@Authenticated()` routes: Cognito in AWS, the local issuer otherwise. */
@Global()
@Module({
  providers: [
    { provide: TOKEN_VERIFIER, inject: [AUTH_OPTIONS], useFactory: (options: AuthOptions) => createTokenVerifier(options) },
    AuthGuard,
  ],
  exports: [TOKEN_VERIFIER, AuthGuard],
})
export class AuthModule extends ConfigurableModuleClass {}

/** `/auth/config` and, in a development shop, `/auth/local/sign-in`: how the storefront signs in. */
@Module({ controllers: [AuthController] })
export class AuthHttpModule {}
