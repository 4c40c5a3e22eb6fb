import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { AppError } from '../common/errors/app-error';

export const MAX_CSV_BYTES = 1024 * 1024;

/** multer with memory storage (its default): one file in the field `file`, nothing else. */
const Multer = FileInterceptor('file', {
  limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 0, parts: 2 },
});

/**
 * Receives the CSV upload and turns multer's refusals (file too large, another field, a broken
 * multipart body) into 400 problems that say what was wrong with the upload.
 */
@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      throw uploadError(error);
    }
  }
}

function uploadError(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const message =
    error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE
      ? `the file is larger than ${MAX_CSV_BYTES} bytes`
      : error.message;
  return new AppError('validation_failed', 'The upload is not a single CSV file', [
    { field: 'file', message },
  ]);
}
