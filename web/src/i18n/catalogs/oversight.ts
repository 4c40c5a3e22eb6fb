import { catalog } from '../catalog';

/** The program office's oversight pages (issue 16): grantee-report review and exports. */
export default catalog({
  en: {
    close: 'Close',
    notYours: {
      title: 'This page is for the program office',
      body: 'Your role does not give access to it. Use the navigation to find your own pages.',
    },
    reports: {
      title: 'Grantee reports',
      intro:
        'Interim and final reports of the awarded cities. Reports awaiting your review are listed first; choose another status to see the others.',
      caption: 'Grantee reports, newest first',
      project: 'Project',
      none: 'No report matches these filters.',
      noneAwaiting: 'No report is awaiting review.',
      filter: {
        status: 'Status',
        awaiting: 'Awaiting review (submitted)',
        all: 'All statuses',
        overdue: 'Overdue only',
      },
    },
    report: {
      back: '← Back to the grantee reports',
      project: 'Project:',
      perCurrency:
        'Each currency is compared with its own side’s award: yen and dollars are never added together.',
    },
    notice: {
      submittedTitle: 'Awaiting your review',
      submitted:
        'The city submitted this report. Accept it, or send it back to the city with what it should change.',
      changesTitle: 'Sent back to the city',
      changes:
        'The program office asked for changes. The city edits the report and submits it again. The request:',
      acceptedTitle: 'Accepted',
      accepted:
        'This report was accepted. The payouts held until its acceptance have been released.',
      draftTitle: 'Draft',
      draft: 'The city is still writing this report; it has not been submitted for review.',
    },
    review: {
      title: 'Your review',
      intro: 'Read the report and its expenses above, then decide.',
      nothing: 'There is nothing to decide: only a submitted report can be accepted or sent back.',
      staleTitle: 'The report changed while you were reading it',
      stale:
        'Your decision was not recorded: the report is no longer awaiting review (someone else decided on it, or the city changed it). The page now shows the report as it is.',
    },
    accept: {
      open: 'Accept the report…',
      title: 'Accept this report?',
      body: 'Accepting closes the review and releases, at once, the payouts held until this report. It cannot be undone.',
      confirm: 'Accept',
      doneNothing: 'The report was accepted. No payout was waiting for it.',
      done_one: 'The report was accepted. {{count}} held payout was released.',
      done_other: 'The report was accepted. {{count}} held payouts were released.',
    },
    changes: {
      open: 'Request changes…',
      title: 'Send the report back to the city?',
      body: 'The city receives your message and can edit the report and submit it again.',
      message: 'What should the city change?',
      messageHint: 'The city reads this as written. Be specific: which section, which expense.',
      required: 'Write what the city should change.',
      confirm: 'Send back to the city',
      done: 'The report was sent back to the city with your request.',
    },
    exports: {
      title: 'Exports',
      intro:
        'Program reports generated from the records, as CSV or Excel files. Large exports take a while: the list shows how far each one is.',
      listTitle: 'Requested exports',
      none: 'No export has been requested yet.',
      caption: 'Exports, newest first',
      requestedAt: 'Requested',
      kind: 'Export',
      round: 'Round',
      formatLabel: 'Format',
      statusLabel: 'Status',
      rows: 'Rows',
      file: 'File',
      everyRound: 'All rounds',
      scheduled: 'Monthly export for {{month}}',
      download: 'Download',
      downloadFile: 'Download {{name}}',
      failed: 'Failed: {{reason}}',
      failedUnknown: 'Failed. Request it again, or ask the administrator to check the worker.',
      type: {
        round_summary: 'Round summary',
        award_register: 'Award register',
        disbursement_ledger: 'Disbursement ledger',
        reviewer_workload: 'Reviewer workload',
        threesixty_giving: '360Giving open data',
      },
      describe: {
        round_summary:
          'Applications by status, prefecture and state; amounts requested, awarded and paid per currency; each application’s review score.',
        award_register:
          'Every award line with its side and currency, the award’s US dollar total at its recorded exchange rate, its version and amendments, the confirmed amount, what was paid and what was refunded.',
        disbursement_ledger:
          'Every payout: tranche, amount, status, payment run and settlement (account numbers masked).',
        reviewer_workload:
          'Per reviewer: assigned, submitted, declined and open reviews, and their average score.',
        threesixty_giving:
          'Every award side as a grant in the 360Giving data standard, in its own currency, the two sides linked: for publishing.',
      },
      format: { csv: 'CSV', xlsx: 'Excel (XLSX)', json: 'JSON (360Giving package)' },
      status: {
        queued: 'Queued',
        running: 'Generating',
        completed: 'Ready',
        failed: 'Failed',
      },
      progress: {
        queued: 'Waiting to be generated',
        running: 'Being generated',
        waiting: 'Waiting for the worker',
        since: 'Started {{when}}',
      },
      form: {
        title: 'Request an export',
        type: 'Export',
        round: 'Round',
        roundNeeded: 'This export describes one round.',
        roundOptional: 'Leave “All rounds” to cover every round.',
        chooseRound: 'Choose a round',
        everyRound: 'All rounds',
        roundRequired: 'Choose the round this export describes.',
        format: 'Format',
        hint: 'The export is generated in the background; it appears in the list below, ready to download when it is done.',
        submit: 'Request the export',
        done: 'Export requested. It appears in the list below.',
      },
    },
  },
  ja: {
    close: '閉じる',
    notYours: {
      title: 'このページは事務局用です',
      body: 'お使いのロールでは閲覧できません。ナビゲーションからご自身のページをお選びください。',
    },
    reports: {
      title: '実績報告',
      intro:
        '交付先自治体から提出された中間報告・実績報告です。審査待ちの報告を表示しています。ほかの状況の報告は「状況」で切り替えてください。',
      caption: '実績報告（新しい順）',
      project: '事業名',
      none: '条件に合う報告はありません。',
      noneAwaiting: '審査待ちの報告はありません。',
      filter: {
        status: '状況',
        awaiting: '審査待ち（提出済み）',
        all: 'すべての状況',
        overdue: '期限超過のみ',
      },
    },
    report: {
      back: '← 実績報告の一覧へ戻る',
      project: '事業名：',
      perCurrency:
        '通貨ごとに、それぞれの側の交付額と比較しています。円とドルを合算することはありません。',
    },
    notice: {
      submittedTitle: '審査待ち',
      submitted:
        '自治体から提出された報告です。受理するか、修正内容を添えて自治体に差し戻してください。',
      changesTitle: '自治体に差し戻し済み',
      changes: '事務局が修正を依頼しました。自治体が報告を修正し、再提出します。依頼内容：',
      acceptedTitle: '受理済み',
      accepted: 'この報告は受理されました。受理まで保留されていた支払いは実行可能になりました。',
      draftTitle: '下書き',
      draft: '自治体が作成中の報告です。まだ審査のために提出されていません。',
    },
    review: {
      title: '審査',
      intro: '上記の報告内容と経費を確認のうえ、判断してください。',
      nothing: '判断が必要な報告ではありません。受理・差し戻しができるのは提出済みの報告のみです。',
      staleTitle: '確認中に報告の状況が変わりました',
      stale:
        '判断は記録されていません。この報告はすでに審査待ちではありません（他の担当者が判断したか、自治体が変更しました）。現在の内容を表示しています。',
    },
    accept: {
      open: '報告を受理する…',
      title: 'この報告を受理しますか？',
      body: '受理すると審査が完了し、この報告の受理まで保留されていた支払いが直ちに実行可能になります。取り消すことはできません。',
      confirm: '受理する',
      doneNothing: '報告を受理しました。この報告を待っていた支払いはありません。',
      done_one: '報告を受理しました。保留中の支払い{{count}}件が実行可能になりました。',
      done_other: '報告を受理しました。保留中の支払い{{count}}件が実行可能になりました。',
    },
    changes: {
      open: '修正を依頼する…',
      title: '報告を自治体に差し戻しますか？',
      body: '自治体に依頼内容が届き、報告を修正して再提出できるようになります。',
      message: '修正を依頼する内容',
      messageHint:
        '入力した文面がそのまま自治体に届きます。どの項目・どの経費かを具体的にお書きください。',
      required: '修正を依頼する内容を入力してください。',
      confirm: '自治体に差し戻す',
      done: '修正依頼を添えて、報告を自治体に差し戻しました。',
    },
    exports: {
      title: 'エクスポート',
      intro:
        '記録をもとに事業報告用のデータをCSVまたはExcel形式で作成します。件数が多いと時間がかかります。進み具合は一覧で確認できます。',
      listTitle: '依頼済みのエクスポート',
      none: 'エクスポートはまだ依頼されていません。',
      caption: 'エクスポート（新しい順）',
      requestedAt: '依頼日時',
      kind: '種類',
      round: '募集回',
      formatLabel: '形式',
      statusLabel: '状況',
      rows: '件数',
      file: 'ファイル',
      everyRound: 'すべての募集回',
      scheduled: '{{month}}分の月次エクスポート',
      download: 'ダウンロード',
      downloadFile: '{{name}}をダウンロード',
      failed: '失敗しました：{{reason}}',
      failedUnknown: '失敗しました。再度依頼するか、管理者にワーカーの確認を依頼してください。',
      type: {
        round_summary: '募集回の概要',
        award_register: '交付決定台帳',
        disbursement_ledger: '支払台帳',
        reviewer_workload: '審査員別の審査状況',
        threesixty_giving: '360Giving オープンデータ',
      },
      describe: {
        round_summary:
          '状況別・都道府県別・州別の申請件数、通貨ごとの申請額・交付額・支払額、申請ごとの審査点。',
        award_register:
          '交付決定の明細ごとの側と通貨、交付決定時の為替レートによる米ドル換算の合計額、変更の版と件数、確定額、支払額、返還額。',
        disbursement_ledger:
          'すべての支払い：分割回、金額、状況、支払バッチ、決済（口座番号は一部のみ表示）。',
        reviewer_workload: '審査員ごとの割当・提出・辞退・未提出の件数と平均点。',
        threesixty_giving:
          '交付決定の各側を 360Giving データ標準の助成として、それぞれの通貨で、両側を関連付けて出力します（公開用）。',
      },
      format: { csv: 'CSV', xlsx: 'Excel（XLSX）', json: 'JSON（360Giving パッケージ）' },
      status: {
        queued: '待機中',
        running: '作成中',
        completed: '完了',
        failed: '失敗',
      },
      progress: {
        queued: '作成待ち',
        running: '作成中',
        waiting: 'ワーカーの処理待ちです',
        since: '{{when}}に開始',
      },
      form: {
        title: 'エクスポートの依頼',
        type: '種類',
        round: '募集回',
        roundNeeded: 'このエクスポートは1つの募集回が対象です。',
        roundOptional: '「すべての募集回」のままにすると全募集回が対象になります。',
        chooseRound: '募集回を選択してください',
        everyRound: 'すべての募集回',
        roundRequired: '対象の募集回を選択してください。',
        format: '形式',
        hint: 'エクスポートはバックグラウンドで作成されます。下の一覧に表示され、完了するとダウンロードできます。',
        submit: 'エクスポートを依頼する',
        done: 'エクスポートを依頼しました。下の一覧に表示されます。',
      },
    },
  },
});
