import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'Payee accounts',
    intro:
      'The bank accounts your city is paid into. The finance office verifies each new account before any payment is made to it. Account numbers are only ever shown masked.',
    caption: 'Payee accounts of your city',
    none: 'Your city has no payee account yet. Enter one below.',
    noCity: 'Payee accounts are entered by the staff of a city. Your account belongs to no city.',
    bank: 'Bank',
    account: 'Account',
    holder: 'Account holder',
    statusLabel: 'Verification',
    enteredAt: 'Entered',
    byYou: 'by you',
    routing: 'Routing number {{number}}',
    verifiedAt: 'Verified by the finance office, {{when}}',
    rail: {
      zengin: 'Zengin — a bank in Japan (paid in yen)',
      ach: 'ACH — a bank in the United States (paid in dollars)',
    },
    railShort: { zengin: 'Zengin', ach: 'ACH' },
    status: { unverified: 'Not verified yet', verified: 'Verified', disabled: 'Disabled' },
    statusHelp: {
      unverified: 'The finance office verifies it before paying into it.',
      verified: 'Verified by the finance office.',
      disabled: 'No longer used for payments.',
    },
    accountType: {
      ach: { checking: 'Checking', savings: 'Savings' },
      zengin: {
        ordinary: 'Ordinary (futsū)',
        current: 'Current (tōza)',
        savings: 'Savings (chochiku)',
      },
    },
    field: {
      rail: 'Transfer system',
      routingNumber: 'ABA routing number',
      accountNumber: 'Account number',
      accountType: 'Account type',
      holderName: 'Account holder name',
      bankCode: 'Bank code',
      branchCode: 'Branch code',
      holderNameKana: 'Account holder name (katakana)',
    },
    hint: {
      rail: 'Japanese cities are paid in yen through Zengin, US cities in dollars through ACH.',
      ach: {
        routingNumber: '9 digits, as printed on the checks of the account',
        accountNumber: '4 to 17 digits',
        holderName: 'As registered at the bank; at most 22 letters, stored in capitals',
      },
      zengin: {
        accountNumber: '7 digits',
        bankCode: '4 digits (e.g. 0001); the bank name is looked up from the code',
        branchCode: '3 digits (e.g. 001)',
        holderNameKana:
          'As registered at the bank, e.g. ヤマダ　タロウ. Full-width katakana, hiragana and spaces may be typed: they are converted to half-width katakana (ﾔﾏﾀﾞ ﾀﾛｳ), as bank transfers require.',
      },
    },
    form: {
      title: 'Enter a payee account',
      submit: 'Save the account',
    },
    saved: {
      title: 'The account was saved',
      body: 'It will be used for payments once the finance office has verified it. This is what was stored:',
      close: 'Close',
      stored: 'Holder name as stored',
      typed: 'As you typed it',
      converted: {
        zengin:
          'The name was converted to half-width katakana, the form Zengin bank transfers use.',
        ach: 'The name was converted to capital letters, the form ACH transfers use.',
      },
    },
    errors: {
      required: 'Required',
      ach: {
        routingNumber: 'A routing number has 9 digits',
        accountNumber: 'An account number has 4 to 17 digits',
      },
      zengin: {
        bankCode: 'A bank code has 4 digits',
        branchCode: 'A branch code has 3 digits',
        accountNumber: 'An account number has 7 digits',
      },
    },
  },
  ja: {
    title: '振込先口座',
    intro:
      '助成金の振込先となる貴市の口座です。新しく登録した口座は、経理担当の確認が済むまで支払に使われません。口座番号は下4桁のみ表示します。',
    caption: '貴市の振込先口座',
    none: '振込先口座はまだ登録されていません。下のフォームから登録してください。',
    noCity: '振込先口座は自治体の職員が登録します。このアカウントはどの自治体にも属していません。',
    bank: '金融機関・支店',
    account: '口座',
    holder: '口座名義',
    statusLabel: '確認状況',
    enteredAt: '登録日時',
    byYou: 'あなたが登録',
    routing: 'ルーティング番号 {{number}}',
    verifiedAt: '経理担当が確認済み（{{when}}）',
    rail: {
      zengin: '全銀（国内の金融機関・円建て）',
      ach: 'ACH（米国の金融機関・ドル建て）',
    },
    railShort: { zengin: '全銀', ach: 'ACH' },
    status: { unverified: '未確認', verified: '確認済み', disabled: '使用停止' },
    statusHelp: {
      unverified: '支払の前に経理担当が確認します。',
      verified: '経理担当が確認済みです。',
      disabled: '支払には使用されません。',
    },
    accountType: {
      ach: { checking: '当座（Checking）', savings: '貯蓄（Savings）' },
      zengin: { ordinary: '普通', current: '当座', savings: '貯蓄' },
    },
    field: {
      rail: '振込の方式',
      routingNumber: 'ABAルーティング番号',
      accountNumber: '口座番号',
      accountType: '預金種目',
      holderName: '口座名義',
      bankCode: '金融機関コード',
      branchCode: '支店コード',
      holderNameKana: '口座名義（カナ）',
    },
    hint: {
      rail: '日本の自治体は全銀（円）、米国の自治体は ACH（ドル）で支払われます。',
      ach: {
        routingNumber: '9桁の数字',
        accountNumber: '4〜17桁の数字',
        holderName: '銀行に登録された名義（英字22文字以内、大文字で保存されます）',
      },
      zengin: {
        accountNumber: '7桁の数字',
        bankCode: '4桁の数字（例: 0001）。金融機関名はコードから表示されます',
        branchCode: '3桁の数字（例: 001）',
        holderNameKana:
          '通帳に記載の口座名義をカタカナで入力してください（例: ヤマダ　タロウ）。全角カタカナ・ひらがな・全角スペースでも入力でき、振込に使う半角カタカナ（ﾔﾏﾀﾞ ﾀﾛｳ）に変換して保存します。',
      },
    },
    form: {
      title: '振込先口座の登録',
      submit: '口座を登録する',
    },
    saved: {
      title: '口座を登録しました',
      body: '経理担当の確認が済むと、支払に使われます。登録された内容は次のとおりです。',
      close: '閉じる',
      stored: '登録された口座名義',
      typed: '入力された口座名義',
      converted: {
        zengin: '口座名義は、全銀の振込データで使う半角カタカナに変換しました。',
        ach: '口座名義は、ACH の振込で使う大文字の英字に変換しました。',
      },
    },
    errors: {
      required: '入力してください',
      ach: {
        routingNumber: 'ルーティング番号は9桁の数字です',
        accountNumber: '口座番号は4〜17桁の数字です',
      },
      zengin: {
        bankCode: '金融機関コードは4桁の数字です',
        branchCode: '支店コードは3桁の数字です',
        accountNumber: '口座番号は7桁の数字です',
      },
    },
  },
});
