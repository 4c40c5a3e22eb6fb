import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'Attachments',
    intro: {
      application: 'Letters of support, the cities’ agreement, budgets and other documents.',
      report: 'Receipts and other evidence of the expenses reported.',
      amendment: 'Quotes, a revised budget and other documents in support of the request.',
    },
    signed:
      'What both cities sign covers the SHA-256 of every attachment: adding or removing one changes the application’s content hash, removes any signature already given, and both cities sign again.',
    halfSigned:
      'One city has signed already. Adding or removing an attachment removes that signature and returns the application to draft.',
    locked: {
      application:
        'Attachments can be changed only while the application is a draft or awaiting co-signature.',
      report:
        'Attachments can be changed only while the report is a draft or changes are requested.',
      amendment: 'Attachments can be changed only while the request awaits its decision.',
    },
    caption: 'Attached documents',
    none: 'No attachments yet.',
    column: {
      name: 'File',
      kind: 'Kind',
      size: 'Size',
      sha256: 'SHA-256',
      uploaded: 'Added',
      actions: 'Actions',
    },
    kind: {
      letter_of_support: 'Letter of support',
      agreement: 'Cities’ agreement',
      budget: 'Budget',
      receipt: 'Receipt',
      other: 'Other',
    },
    byYou: '{{name}} (you)',
    sha256Full: 'SHA-256 {{hash}}',
    download: 'Download',
    downloadFile: 'Download {{name}}',
    delete: 'Delete',
    removed: '{{name}} was deleted.',
    deleteFile: 'Delete {{name}}',
    remove: {
      title: 'Delete this attachment?',
      body: '{{name}} will be removed.',
      application:
        'The application’s content hash changes and any signature already given is removed.',
      confirm: 'Delete attachment',
    },
    upload: {
      legend: 'Add an attachment',
      kind: 'Kind',
      file: 'File',
      choose: 'Choose a file',
      noFile: 'No file chosen',
      hint: 'PDF, PNG, JPEG, DOCX, XLSX, CSV or plain text. The type is checked from the file’s content, not its name.',
      submit: 'Upload',
      missing: 'Choose a file to upload.',
      done: '{{name}} was attached.',
    },
  },
  ja: {
    title: '添付書類',
    intro: {
      application: '支援表明書、両都市の合意書、予算書などの書類です。',
      report: '領収書など、報告した経費を証する書類です。',
      amendment: '見積書や変更後の予算書など、申請を裏付ける書類です。',
    },
    signed:
      '両都市が署名する内容には、各添付書類の SHA-256 が含まれます。添付書類を追加・削除すると申請内容のハッシュ値が変わり、署名済みの署名は取り消されるため、両都市が改めて署名する必要があります。',
    halfSigned:
      '一方の都市が署名済みです。添付書類を追加・削除すると、その署名は取り消され、申請は下書きに戻ります。',
    locked: {
      application: '添付書類を変更できるのは、申請が下書きまたは相手都市の署名待ちの間だけです。',
      report: '添付書類を変更できるのは、実績報告が下書きまたは修正依頼ありの間だけです。',
      amendment: '添付書類を変更できるのは、申請が決定されるまでの間だけです。',
    },
    caption: '添付書類一覧',
    none: '添付書類はまだありません。',
    column: {
      name: 'ファイル',
      kind: '種類',
      size: 'サイズ',
      sha256: 'SHA-256',
      uploaded: '登録',
      actions: '操作',
    },
    kind: {
      letter_of_support: '支援表明書',
      agreement: '両都市の合意書',
      budget: '予算書',
      receipt: '領収書',
      other: 'その他',
    },
    byYou: '{{name}}（あなた）',
    sha256Full: 'SHA-256 {{hash}}',
    download: 'ダウンロード',
    downloadFile: '{{name}} をダウンロード',
    delete: '削除',
    removed: '{{name}} を削除しました。',
    deleteFile: '{{name}} を削除',
    remove: {
      title: 'この添付書類を削除しますか？',
      body: '{{name}} を削除します。',
      application: '申請内容のハッシュ値が変わり、署名済みの署名は取り消されます。',
      confirm: '添付書類を削除',
    },
    upload: {
      legend: '添付書類の追加',
      kind: '種類',
      file: 'ファイル',
      choose: 'ファイルを選択',
      noFile: '選択されていません',
      hint: 'PDF・PNG・JPEG・DOCX・XLSX・CSV・テキスト に対応しています。種類はファイル名ではなく内容から判定します。',
      submit: 'アップロード',
      missing: 'アップロードするファイルを選択してください。',
      done: '{{name}} を添付しました。',
    },
  },
});
