import { Injectable } from '@nestjs/common';
import { parse, type Info } from 'csv-parse/sync';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ChangeLog } from '../audit/change-log.service';
import { AppError } from '../common/errors/app-error';
import type { UploadedFile } from '../common/http/file-upload';
import { City } from './city.entity';
import { ImportReport, ImportRowResult } from './dto/partnership.dto';
import { Partnership } from './partnership.entity';
import { type Country, ianaTimeZone, JAPAN_TIME_ZONE, placeErrors } from './places';

/** The columns of `../shared/data/sister-cities.csv`, in any order. */
export const CSV_COLUMNS = [
  'jp_city_en',
  'jp_city_ja',
  'jp_region',
  'us_city',
  'us_region',
  'us_timezone',
  'established_year',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvRow = { line: number } & Record<CsvColumn, string>;

const REQUIRED: CsvColumn[] = CSV_COLUMNS.filter((c) => c !== 'jp_city_ja');
export const MAX_IMPORT_ROWS = 5_000;
const MAX_NAME = 200;
/** The oldest affiliation is from 1955; anything before the Meiji era's first is a typo. */
const FIRST_YEAR = 1868;

const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/x-csv',
  'text/plain',
  'application/vnd.ms-excel',
]);

/** What multer hands over for the `file` field (memory storage). */
export const MAX_CSV_BYTES = 1024 * 1024;

interface CityFields {
  country: Country;
  nameEn: string;
  nameJa: string | null;
  region: string;
  timezone: string;
}

const notCsv = (message: string) =>
  new AppError('validation_failed', 'The file is not a sister-city CSV', [
    { field: 'file', message },
  ]);

/**
 * The CSV import of SPEC §5.1. Each row is its own transaction (a bad row never undoes a good one)
 * and is matched on natural keys — a city by (country, region, English name), a partnership by its
 * pair of cities — so importing the same file again creates nothing.
 */
@Injectable()
export class PartnershipImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
  ) {}

  /** An uploaded file: it must say it is CSV (type or name) and read as one. */
  importFile(actor: Principal, file: UploadedFile | undefined): Promise<ImportReport> {
    if (!file) throw notCsv('a CSV file is required in the multipart field "file"');
    const named = path.extname(file.filename).toLowerCase() === '.csv';
    const typed = CSV_TYPES.has(file.mimetype.split(';')[0].trim().toLowerCase());
    if (!named && !typed) throw notCsv(`expected a .csv file, got ${file.mimetype}`);
    return this.importCsv(actor, file.buffer);
  }

  /** Imports rows one by one; `actor` null is the system (the demo seed). */
  async importCsv(actor: Principal | null, csv: Buffer): Promise<ImportReport> {
    const rows = readRows(csv);
    const report: ImportReport = { created: 0, skipped: 0, rejected: 0, rows: [] };
    // Sequential on purpose: rows of one file share cities, and the audit chain serialises anyway.
    for (const row of rows) {
      const result = await this.importRow(actor, row);
      report[result.status] += 1;
      report.rows.push(result);
    }
    return report;
  }

  private async importRow(actor: Principal | null, row: CsvRow): Promise<ImportRowResult> {
    const reason = rowProblem(row);
    if (reason) return { line: row.line, status: 'rejected', reason };
    const year = Number(row.established_year);
    const jp: CityFields = {
      country: 'JP',
      nameEn: row.jp_city_en,
      nameJa: row.jp_city_ja || null,
      region: row.jp_region,
      timezone: JAPAN_TIME_ZONE,
    };
    const us: CityFields = {
      country: 'US',
      nameEn: row.us_city,
      nameJa: null,
      region: row.us_region,
      timezone: ianaTimeZone(row.us_timezone) ?? row.us_timezone,
    };

    return this.dataSource.transaction(async (manager) => {
      const jpCityId = await this.findOrCreateCity(manager, actor, jp, row.line);
      const usCityId = await this.findOrCreateCity(manager, actor, us, row.line);
      // The CSV names only the year; the affiliation counts from its first day.
      const establishedOn = `${year}-01-01`;
      const inserted = (await manager
        .createQueryBuilder()
        .insert()
        .into(Partnership)
        .values({ jpCityId, usCityId, establishedOn, status: 'active' })
        .orIgnore()
        .returning(['id'])
        .updateEntity(false)
        .execute()) as { raw: { id: string }[] };
      const id = inserted.raw[0]?.id;
      if (!id) {
        const existing = await manager.findOneByOrFail(Partnership, { jpCityId, usCityId });
        return {
          line: row.line,
          status: 'skipped',
          reason: `duplicate: ${jp.nameEn}–${us.nameEn} already exists`,
          partnershipId: existing.id,
        };
      }
      await this.changeLog.record(manager, {
        actor,
        action: 'partnership.created',
        entity: { type: 'partnership', id },
        data: { jpCityId, usCityId, establishedOn, status: 'active', source: 'import' },
      });
      return { line: row.line, status: 'created', partnershipId: id };
    });
  }

  /** A city's id by its natural key, inserting it (and its audit event) the first time. */
  private async findOrCreateCity(
    manager: EntityManager,
    actor: Principal | null,
    city: CityFields,
    line: number,
  ): Promise<string> {
    // ON CONFLICT DO NOTHING: a concurrent import inserting the same city is not an error.
    const inserted = (await manager
      .createQueryBuilder()
      .insert()
      .into(City)
      .values(city)
      .orIgnore()
      .returning(['id'])
      .updateEntity(false)
      .execute()) as { raw: { id: string }[] };
    const id = inserted.raw[0]?.id;
    if (!id) {
      const { country, region, nameEn } = city;
      return (await manager.findOneByOrFail(City, { country, region, nameEn })).id;
    }
    await this.changeLog.record(manager, {
      actor,
      action: 'city.created',
      entity: { type: 'city', id },
      data: {
        country: city.country,
        region: city.region,
        name: { en: city.nameEn, ja: city.nameJa ?? undefined },
        source: 'import',
        line,
      },
    });
    return id;
  }
}

/** Parses the file into rows keyed by column; anything that is not our CSV is a 400. */
function readRows(csv: Buffer): CsvRow[] {
  if (csv.includes(0)) throw notCsv('the file is binary, not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(csv);
  } catch {
    throw notCsv('the file is not UTF-8 text');
  }
  let records: { info: Info; record: string[] }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 4096,
    }) as unknown as { info: Info; record: string[] }[];
  } catch (error) {
    throw notCsv(`unreadable CSV: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  const header = (head?.record ?? []).map((name) => name.toLowerCase());
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) throw notCsv(`the header lacks the columns ${missing.join(', ')}`);
  if (body.length > MAX_IMPORT_ROWS) {
    throw notCsv(`at most ${MAX_IMPORT_ROWS} rows per file, got ${body.length}`);
  }
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    CsvColumn,
    number
  >;
  return body.map(({ info, record }) => {
    const row = { line: info.lines } as CsvRow;
    for (const column of CSV_COLUMNS) row[column] = record[index[column]] ?? '';
    return row;
  });
}

/** Why a row cannot be imported, in words for the report; null when it can. */
function rowProblem(row: CsvRow): string | null {
  const missing = REQUIRED.filter((column) => !row[column]);
  if (missing.length) return `missing fields: ${missing.join(', ')}`;
  const tooLong = CSV_COLUMNS.filter((column) => row[column].length > MAX_NAME);
  if (tooLong.length) return `too long (max ${MAX_NAME} characters): ${tooLong.join(', ')}`;

  const jp = placeErrors({ country: 'JP', region: row.jp_region, timezone: JAPAN_TIME_ZONE });
  if (jp.length) return `jp_region: ${jp[0].message}`;
  const us = placeErrors({ country: 'US', region: row.us_region, timezone: row.us_timezone });
  if (us.length)
    return `${us[0].field === 'region' ? 'us_region' : 'us_timezone'}: ${us[0].message}`;

  const year = Number(row.established_year);
  const thisYear = new Date().getUTCFullYear();
  if (!/^\d{4}$/.test(row.established_year) || year < FIRST_YEAR || year > thisYear) {
    return `bad year ${row.established_year} (expected ${FIRST_YEAR}–${thisYear})`;
  }
  return null;
}
