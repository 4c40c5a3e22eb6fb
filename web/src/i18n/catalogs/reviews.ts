import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'reviews',
  },
  ja: {
    title: 'reviews',
  },
});
