export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './auth.tokens';
export * from './identity';
export * from './local-issuer';
export * from './token-verifier';
export * from './token-cli';
