import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { AuthGuard } from './auth.guard';
import { TOKEN_VERIFIER } from './auth.tokens';
import { createTokenVerifier } from './token-verifier';

@Global()
@Module({
  providers: [
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createTokenVerifier(config.auth),
    },
    AuthGuard,
  ],
  exports: [TOKEN_VERIFIER, AuthGuard],
})
export class AuthModule {}
