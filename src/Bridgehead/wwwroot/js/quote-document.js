// The printable quote: the Print button opens the browser's print dialog (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-print]")) {
        button.addEventListener("click", () => window.print());
    }
});
