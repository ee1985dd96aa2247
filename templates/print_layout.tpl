{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>{{TITLE}} – {{SERVICE}} – {{AUTHORITY}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/vendor/app.css">
  <link rel="stylesheet" href="/static/print.css">
</head>
<body class="govuk-template__body ehm-print">
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <p class="govuk-body-s ehm-print__authority">{{AUTHORITY}} – {{SERVICE}}</p>
      {{>CONTENT}}
    </main>
  </div>
</body>
</html>
