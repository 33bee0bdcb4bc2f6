import { Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, type ErrorBody } from '@gomart/contracts';
import { throwError, type Observable } from 'rxjs';

/**
 * Every error a TCP handler throws goes back to the caller as `{ code, message, details? }`:
 * a domain error keeps its stable code across the wire (an OUT_OF_STOCK stays OUT_OF_STOCK),
 * anything else is an INTERNAL error logged here with its stack.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Rpc');

  catch(exception: unknown): Observable<never> {
    if (exception instanceof DomainError) return throwError(() => exception.toBody());
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: ErrorBody = { code: ErrorCode.INTERNAL, message: 'Internal error in the called service.' };
    return throwError(() => body);
  }
}
