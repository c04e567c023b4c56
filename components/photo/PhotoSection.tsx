import { PhotoPicker, type PhotoChoiceProps } from '@/components/photo/PhotoPicker';
import { usePhoto } from '@/components/photo/use-photo';

/** Container: the photo picker with the shopper's photo, consent and the predefined models. */
export function PhotoSection(props: PhotoChoiceProps) {
  return <PhotoPicker library={usePhoto()} {...props} />;
}
