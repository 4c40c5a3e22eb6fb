import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'payees',
  },
  ja: {
    title: 'payees',
  },
});
