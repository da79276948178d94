"""The strings the browser clients show, in the reader's language: the widget's and the staff console's."""
