import type { AppName } from '@gomart/contracts';

/** The validated configuration (`AppConfig`), parsed once by the bootstrap. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Which app this process is (`gomart` or one of the services), given once by its `main.ts`. */
export const APP_NAME = Symbol('APP_NAME');

export type { AppName };
