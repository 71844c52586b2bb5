//! kramdown's additions to Markdown, as Jekyll renders them: attribute lists
//! (`{: .notice--info}`), `{:toc}` and abbreviations.
