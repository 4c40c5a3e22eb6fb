import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  mixin,
  NestInterceptor,
  Type,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppError } from '../errors/app-error';

/** One file received from a multipart/form-data upload, whole in memory (uploads are small). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

const UPLOAD = Symbol('upload');
type WithUpload = FastifyRequest & { [UPLOAD]?: UploadedFile };

/**
 * Receives a multipart/form-data body holding exactly one file in `field` and nothing else, at
 * most `maxBytes`; anything else is a 400 naming the field and what was wrong with the upload.
 * The handler reads the file with `@Upload()`.
 */
export function FileUploadInterceptor(field: string, maxBytes: number): Type<NestInterceptor> {
  const refused = (
    message: string,
    detail = `The upload is not a single file in the field "${field}"`,
  ) => new AppError('validation_failed', detail, [{ field, message }]);

  @Injectable()
  class FileUpload implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<WithUpload>();
      if (!req.isMultipart()) throw refused('send multipart/form-data');
      const limits = { fileSize: maxBytes, files: 1, fields: 0, parts: 1 };
      try {
        for await (const part of req.parts({ limits })) {
          if (part.type !== 'file' || part.fieldname !== field) {
            throw refused(`unexpected field "${part.fieldname}"`);
          }
          const buffer = await part.toBuffer();
          req[UPLOAD] = { filename: part.filename, mimetype: part.mimetype, buffer };
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        // Everything else here is the body failing to parse: a broken stream, a limit passed.
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') {
          throw refused(
            `the file is larger than ${maxBytes} bytes`,
            `The file is too large: at most ${maxBytes} bytes are accepted`,
          );
        }
        throw refused(`malformed multipart body: ${(error as Error).message}`);
      }
      if (!req[UPLOAD]) throw refused(`a file is required in the field "${field}"`);
      return next.handle();
    }
  }
  return mixin(FileUpload);
}

/** The file FileUploadInterceptor received on this request, if it ran. */
export function uploadedFile(req: FastifyRequest): UploadedFile | undefined {
  return (req as WithUpload)[UPLOAD];
}

/** The file FileUploadInterceptor received. */
export const Upload = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UploadedFile | undefined =>
    uploadedFile(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
