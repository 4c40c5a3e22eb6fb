import { samples } from '../../test/support/documents';
import { detectDocumentType, documentFileName } from './document-type';

const PDF = 'application/pdf';

describe('detectDocumentType: by content, never by name', () => {
  it.each([
    ['pdf', samples.pdf(), PDF],
    ['png', samples.png(), 'image/png'],
    ['jpeg', samples.jpeg(), 'image/jpeg'],
  ])('finds a %s whatever it is called', async (_, bytes, contentType) => {
    for (const name of ['scan.pdf', 'scan.exe', 'noextension', 'budget.csv']) {
      expect(await detectDocumentType(bytes, name)).toMatchObject({ contentType });
    }
  });

  it('tells DOCX and XLSX from other ZIP archives by their parts', async () => {
    expect(await detectDocumentType(await samples.docx(), 'x.pdf')).toMatchObject({
      extension: 'docx',
    });
    expect(await detectDocumentType(await samples.xlsx(), 'x.pdf')).toMatchObject({
      extension: 'xlsx',
    });
    expect(await detectDocumentType(await samples.zip(), 'budget.xlsx')).toBeNull();
  });

  it('refuses executables, random bytes and empty files, whatever they are called', async () => {
    expect(await detectDocumentType(samples.exe(), 'letter.pdf')).toBeNull();
    expect(
      await detectDocumentType(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80]), 'a.csv'),
    ).toBeNull();
    expect(await detectDocumentType(Buffer.alloc(0), 'a.txt')).toBeNull();
  });

  it('takes text only when named .csv/.txt and valid UTF-8 without NUL', async () => {
    const csv = samples.csv();
    expect(await detectDocumentType(csv, 'budget.CSV')).toEqual({
      contentType: 'text/csv; charset=utf-8',
      extension: 'csv',
    });
    expect(await detectDocumentType(csv, 'notes.txt')).toMatchObject({ extension: 'txt' });
    expect(await detectDocumentType(csv, 'budget.html')).toBeNull();
    expect(await detectDocumentType(csv, 'budget')).toBeNull();
    expect(await detectDocumentType(Buffer.from('a,b\n1,\u0000\n'), 'x.csv')).toBeNull();
    // Shift_JIS 「予算」: not UTF-8.
    expect(await detectDocumentType(Buffer.from([0x97, 0x5c, 0x8e, 0x5a]), 'x.csv')).toBeNull();
  });
});

describe('documentFileName', () => {
  const pdf = { contentType: PDF, extension: 'pdf' };
  const png = { contentType: 'image/png', extension: 'png' };
  const jpg = { contentType: 'image/jpeg', extension: 'jpg' };

  it('keeps a name whose extension fits the type found', () => {
    expect(documentFileName('推薦状.pdf', pdf)).toBe('推薦状.pdf');
    expect(documentFileName('photo.JPEG', jpg)).toBe('photo.JPEG');
  });

  it('gives the type’s extension to a name that claims another', () => {
    expect(documentFileName('scan.pdf', png)).toBe('scan.png');
    expect(documentFileName('receipt', pdf)).toBe('receipt.pdf');
  });

  it('drops paths, quotes and control characters, and names the nameless', () => {
    expect(documentFileName('C:\\fakepath\\letter.pdf', pdf)).toBe('letter.pdf');
    expect(documentFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(documentFileName('a"b\r\n.pdf', pdf)).toBe('a_b_.pdf');
    expect(documentFileName('', pdf)).toBe('document.pdf');
    expect(documentFileName('.pdf', pdf)).toBe('document.pdf');
  });

  it('fits the column (255 characters)', () => {
    const name = documentFileName(`${'あ'.repeat(400)}.pdf`, pdf);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
