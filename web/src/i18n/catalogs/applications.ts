import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'applications',
  },
  ja: {
    title: 'applications',
  },
});
