import { asciiFileName, contentDisposition } from './export-naming';

describe('download file names', () => {
  it('keeps the ASCII of a name and drops the rest', () => {
    expect(asciiFileName('round_summary-R-2026-テスト-2026-05-01.csv')).toBe(
      'round_summary-R-2026-2026-05-01.csv',
    );
    expect(asciiFileName('letter "final".pdf')).toBe('letter final.pdf');
  });

  it('gives a name that was all Japanese a stem, never a bare extension', () => {
    expect(asciiFileName('推薦状.pdf')).toBe('download.pdf');
    expect(asciiFileName('推薦状')).toBe('download');
  });

  it('sends the exact name in filename* and the ASCII one in filename', () => {
    expect(contentDisposition('推薦状 (1).pdf')).toBe(
      `attachment; filename="(1).pdf"; filename*=UTF-8''` +
        '%E6%8E%A8%E8%96%A6%E7%8A%B6%20%281%29.pdf',
    );
  });
});
