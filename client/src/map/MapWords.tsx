// Leaflet's own words on a map (the zoom buttons' names, the attribution's link title) in the
// page's language: Leaflet writes them in English when the map is made.
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { control } from 'leaflet';
import { useTranslation } from 'react-i18next';

export function MapWords() {
  const map = useMap();
  const { t, i18n } = useTranslation();
  useEffect(() => {
    map.attributionControl?.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (!map.zoomControl) return;
    map.zoomControl.remove();
    map.zoomControl = control.zoom({ zoomInTitle: t('mapWords.zoomIn'), zoomOutTitle: t('mapWords.zoomOut') }).addTo(map);
  }, [map, t, i18n.language]);
  return null;
}
