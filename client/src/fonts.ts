// Vazirmatn, bundled with the client, for Persian script on any machine (stadium PCs and tablets
// often have no Persian font, and the venue may have no internet to fetch one). Only its Arabic-
// script faces: Latin text stays in the system font, and a page without Persian downloads nothing.
import '@fontsource/vazirmatn/arabic-400.css';
import '@fontsource/vazirmatn/arabic-500.css';
import '@fontsource/vazirmatn/arabic-600.css';
import '@fontsource/vazirmatn/arabic-700.css';
import '@fontsource/vazirmatn/arabic-800.css';
