import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'reports',
  },
  ja: {
    title: 'reports',
  },
});
