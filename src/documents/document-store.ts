import type { S3Client } from '@aws-sdk/client-s3';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Environment } from '../config/environment';
import type { DocumentStorage } from './document.entity';

/** Where an attachment's bytes live; the `documents` row says which store and under what key. */
export interface DocumentStore {
  readonly kind: DocumentStorage;
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes; nothing stored under `key` is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * A new key: `<yyyy>/<mm>/<uuid>`, built from the clock and a random id only — never from
 * anything the uploader sent, so no name can reach outside the store or collide.
 */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

const KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

function assertKey(key: string): void {
  // Keys come from newStorageKey via the database; anything else is a bug, not input.
  if (!KEY.test(key)) throw new Error(`Not a document storage key: ${key}`);
}

/** Files under one directory (DOCUMENT_STORAGE_DIR), written whole or not at all. */
export class LocalDocumentStore implements DocumentStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(directory: string) {
    this.root = path.resolve(directory);
  }

  private fileOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed: a reader never sees half a file, a crash leaves only a .part.
    const partial = `${file}.part`;
    await writeFile(partial, bytes, { flag: 'wx' });
    await rename(partial, file);
  }

  async get(key: string): Promise<Readable | null> {
    // Opened before answering, so a missing file is a 404 rather than a response cut short.
    const handle = await open(this.fileOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return handle ? handle.createReadStream() : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

type S3Sdk = typeof import('@aws-sdk/client-s3');

/**
 * Objects in one bucket of S3 or an S3-compatible server (MinIO, Ceph, R2 …). The SDK is loaded
 * with the first call: loading it costs a process ~10 MB of memory, which a process that never
 * touches S3 (every API when `S3_BUCKET` is unset) should not pay.
 */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private connection: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

  constructor(private readonly settings: S3Settings) {}

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    const { sdk, client } = await this.connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<Readable | null> {
    assertKey(key);
    const { sdk, client } = await this.connect();
    try {
      const object = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      return object.Body instanceof Readable ? object.Body : null;
    } catch (error) {
      if (error instanceof sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async destroy(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    (await connection)?.client.destroy();
  }

  private connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => {
      const { settings } = this;
      const client = new sdk.S3Client({
        endpoint: settings.endpoint,
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        credentials:
          settings.accessKeyId && settings.secretAccessKey
            ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
            : undefined,
        // Plain PUTs with Content-Length: many S3-compatible servers refuse the SDK's default
        // streaming checksums (aws-chunked trailers).
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      });
      return { sdk, client };
    });
    return this.connection;
  }
}

/**
 * The stores of this process: new documents go to the configured one (DOCUMENT_STORAGE); a
 * document is read and deleted from the store its row names, so switching the setting leaves
 * earlier documents readable where they are.
 */
@Injectable()
export class DocumentStores {
  private readonly local: LocalDocumentStore;
  private readonly s3: S3DocumentStore | null;
  /** Where new documents are written. */
  readonly current: DocumentStore;

  constructor(env: Environment) {
    this.local = new LocalDocumentStore(env.DOCUMENT_STORAGE_DIR);
    this.s3 = env.S3_BUCKET
      ? new S3DocumentStore({
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          bucket: env.S3_BUCKET,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
        })
      : null;
    this.current = env.DOCUMENT_STORAGE === 's3' ? this.of('s3') : this.local;
  }

  of(kind: DocumentStorage): DocumentStore {
    if (kind === 'local') return this.local;
    if (!this.s3) throw new Error('A document is stored in S3, but S3_BUCKET is not configured');
    return this.s3;
  }

  async onModuleDestroy(): Promise<void> {
    await this.s3?.destroy();
  }
}
