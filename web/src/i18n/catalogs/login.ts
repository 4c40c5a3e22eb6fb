import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'Sign in',
    intro:
      'For city staff, reviewers and program staff of the Japan–US Subnational Diplomacy Grant.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    required: 'Required',
  },
  ja: {
    title: 'ログイン',
    intro: '日米自治体間交流助成の自治体職員・審査員・事務局のためのポータルです。',
    email: 'メールアドレス',
    password: 'パスワード',
    submit: 'ログイン',
    required: '必須項目です',
  },
});
